"""A real uvicorn server on 127.0.0.1 speaking /v1/chat/completions, with scripted replies."""

from __future__ import annotations

import asyncio
import json
import threading

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from shopagent.mock_store.server import free_port

GOOD = json.dumps({"rationale": "I search directly.", "action": {"type": "type", "target": "header.search", "text": "tea"}})
OFF_PAGE = json.dumps({"rationale": "Click it.", "action": {"type": "click", "target": "header.serch"}})


class ChatServer:
    """A real uvicorn server whose replies are scripted per test; it records what it was sent."""

    def __init__(self) -> None:
        self.script: list[tuple[int, str] | str] = []
        self.refuse: set[str] = set()  # response_format types answered with HTTP 400, as servers that lack them do
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.usage = True  # report each completion's usage, as OpenAI and vLLM do
        self.max_model_len: int | None = None  # listed on /v1/models, as vLLM does
        app = FastAPI()

        @app.get("/v1/models")
        async def models():
            return {"object": "list", "data": [{"id": "test-model", "object": "model", "max_model_len": self.max_model_len}]}

        @app.post("/v1/chat/completions")
        async def chat(request: Request):
            body = await request.json()
            self.requests.append(body)
            self.headers.append(dict(request.headers))
            asked = (body.get("response_format") or {}).get("type")
            if asked in self.refuse:
                return JSONResponse({"error": {"message": f"response_format {asked} is not supported"}}, status_code=400)
            step = self.script.pop(0) if self.script else GOOD
            if step == "SILENT":  # no reply while the client waits: its timeout fires however fast the machine
                while not await request.is_disconnected():
                    await asyncio.sleep(0.05)
                step = GOOD
            if isinstance(step, tuple):
                return JSONResponse({"error": "busy"}, status_code=step[0], headers={"retry-after": "0"})
            answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": step}}]}
            if self.usage:
                answer["usage"] = usage_of(body, step)
            return answer

        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


def usage_of(body: dict, reply: str) -> dict:
    """What this server bills a request: a token for every four characters of the prompt and of the reply."""
    prompt = sum(len(m["content"]) for m in body["messages"]) // 4
    return {"prompt_tokens": prompt, "completion_tokens": len(reply) // 4, "total_tokens": prompt + len(reply) // 4}
