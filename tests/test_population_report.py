"""The population report, checked against counts worked out by hand."""

from __future__ import annotations

from shopagent.study.analysis.population import build_report, page_kind
from shopagent.study.render.population import report_markdown
from shopagent.types import ActionResult, Click, EndRecord, Observation, Persona, Session, SessionRecord, StepRecord, Terminate

STORE = "http://127.0.0.1:8000"


def _session(sid: str, pages: list[str], outcome: str, *, failed_at: int | None = None, total: float | None = None) -> Session:
    header = SessionRecord(session_id=sid, persona=Persona(intent="tea"), start_url=STORE + "/")
    steps = []
    for i, path in enumerate(pages):
        last = i == len(pages) - 1
        action = Terminate() if last and outcome == "terminate" else Click(target=f"t{i}")
        ok = i != failed_at
        result = ActionResult(
            ok=ok,
            error=None if ok else "no element 't1' on this page; closest: t2",
            url=STORE + (pages[i + 1] if not last else ("/order/1" if outcome == "purchase" else path)),
        )
        steps.append(
            StepRecord(
                session_id=sid, index=i, observation=Observation(url=STORE + path, html="", elements=[]), action=action, result=result
            )
        )
    end = EndRecord(
        session_id=sid,
        outcome=outcome,
        steps=len(steps),
        order={"total": total} if total else None,
        reason="stuck: repeated click" if outcome == "error" else None,
    )
    return Session(header=header, steps=steps, end=end)


def test_page_kinds_come_from_the_first_path_segment():
    assert page_kind(STORE + "/") == "home"
    assert page_kind(STORE + "/product/abc?x=1") == "product"
    assert page_kind("https://shop.example/dp/B01") == "dp"
    assert page_kind(None) == "unknown"


def test_funnel_drop_off_and_failures_by_hand():
    sessions = [
        _session("a", ["/", "/search?q=t", "/product/1", "/cart", "/checkout"], "purchase", total=20.0),
        _session("b", ["/", "/search?q=t", "/product/2", "/cart", "/checkout"], "purchase", total=40.0),
        _session("c", ["/", "/search?q=t", "/search?q=u"], "terminate"),
        _session("d", ["/", "/search?q=t", "/product/3", "/product/3"], "error", failed_at=3),
    ]
    unfinished = _session("e", ["/"], "terminate")
    unfinished.end = None
    report = build_report([*sessions, unfinished])
    assert report.sessions == 4 and report.unfinished == 1
    assert report.conversion == 0.5 and report.average_order_value == 30.0
    assert report.mean_steps == (5 + 5 + 3 + 4) / 4
    assert report.outcomes == {"purchase": 2, "terminate": 1, "error": 1}
    assert report.failures_by_kind == {"stuck": 1}
    funnel = {s.page: s.reached for s in report.funnel}
    assert [s.page for s in report.funnel] == ["home", "search", "product", "cart", "checkout", "order", "purchase"]
    assert funnel == {"home": 4, "search": 4, "product": 3, "cart": 2, "checkout": 2, "order": 2, "purchase": 2}
    assert report.left_from == {"search": 1, "product": 1}
    assert len(report.failed_actions) == 1
    failed = report.failed_actions[0]
    assert (failed.page, failed.target, failed.error, failed.count) == ("product", "t3", "no element 't1' on this page", 1)
    markdown = report_markdown(report, "run")
    assert "| product | 3 | 75% |" in markdown and "| search | 1 |" in markdown


def test_an_empty_log_reports_zeros():
    report = build_report([])
    assert report.sessions == 0 and report.conversion == 0.0 and report.funnel == [] and report.average_order_value is None


def test_a_step_the_policy_could_not_decide_is_listed_without_saying_policy_twice():
    session = _session("p", ["/", "/search?q=t"], "terminate")
    session.steps[0].action = None
    session.steps[0].result = ActionResult(ok=False, error="policy: model reply unusable after a repair turn")
    (failed,) = build_report([session]).failed_actions
    assert (failed.target, failed.error) == ("policy", "model reply unusable after a repair turn")
    assert "policy: policy:" not in report_markdown(build_report([session]), "run")
