"""The public building page (三亮): anyone, without login, by a building's QR code or id."""
