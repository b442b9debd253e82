"""storydesk: turn a pile of news articles about a developing story into a sourced situation report."""

__version__ = "0.1.0"
