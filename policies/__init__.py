"""Every authorization decision: casbin model and policy, and the module that applies them."""

from pathlib import Path

POLICY_DIR = Path(__file__).resolve().parent
