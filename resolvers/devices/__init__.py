"""Elder care's devices (智能设备): registered to elders living alone, and the events they post."""
