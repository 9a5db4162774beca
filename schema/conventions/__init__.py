"""Service items (服务事项) and building conventions (楼栋公约)."""
