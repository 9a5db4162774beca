"""Live consoles: the event bus behind the GraphQL subscriptions (issue 14)."""
