"""Per-tenant guard policies (``<tenant>/guard.yaml``): rules for messages and answers.

Load with :class:`GuardPolicies` (or :func:`load_guard_policy`), then run
:func:`check_inbound` / :func:`enforce_inbound` on a user's message and
:func:`check_outbound` / :func:`enforce_outbound` on an answer. See docs/guard-policies.md.
"""

from frontdesk.guard.policy.canary import canary_leaked, canary_line, derive_canary, new_canary
from frontdesk.guard.policy.compiled import GuardPolicy
from frontdesk.guard.policy.inbound import check_inbound, enforce_inbound
from frontdesk.guard.policy.loader import GUARD_FILE, GuardPolicies, load_guard_policy
from frontdesk.guard.policy.outbound import check_outbound, enforce_outbound
from frontdesk.guard.policy.spec import GuardPolicySpec

__all__ = [
    "GUARD_FILE",
    "GuardPolicies",
    "GuardPolicy",
    "GuardPolicySpec",
    "canary_leaked",
    "canary_line",
    "check_inbound",
    "check_outbound",
    "derive_canary",
    "enforce_inbound",
    "enforce_outbound",
    "load_guard_policy",
    "new_canary",
]
