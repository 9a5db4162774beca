"""Cases (群众诉求, 隐患, 矛盾纠纷): reading, submitting, the workflow steps, community rules,
photos and QR submission; the workflow itself is models/workflows/cases.py."""
