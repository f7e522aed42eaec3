"""Policies (offline/, llm/) and the loop that lets them shop."""

from shopagent.agent.policy import Policy, PolicyInput
from shopagent.agent.registry import POLICIES, make_policy

__all__ = ["POLICIES", "Policy", "PolicyInput", "make_policy"]
