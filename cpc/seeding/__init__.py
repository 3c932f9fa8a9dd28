"""Builders of demo and scale data; they need every app, so they live at the top."""
