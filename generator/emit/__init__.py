"""Emitters: each turns the API model into files (relative path -> bytes). None reads the raw spec."""
