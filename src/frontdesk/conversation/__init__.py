"""Conversation: sessions, messages, turns and the turn pipeline."""
