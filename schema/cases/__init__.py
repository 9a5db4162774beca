"""Cases: the type and console list, submitting, the workflow steps, QR codes, photos and
community rules."""
