"""Models of the coregroups app."""
