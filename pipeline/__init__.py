"""Diplomatic talks in the news: from source texts to a validated, versioned data package."""
