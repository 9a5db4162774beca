"""Elder care (独居老人关爱, issue 14): devices (智能设备) and their alerts (告警)."""
