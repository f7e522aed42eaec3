"""Policies (offline/, llm/) and the loop that lets them shop."""

from shopagent.agent.policy import POLICIES, Policy, PolicyInput, make_policy

__all__ = ["POLICIES", "Policy", "PolicyInput", "make_policy"]
