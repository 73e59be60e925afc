"""Scenarios for the plumbing every page stands on."""

from portal.bench.registry import Request, scenario
from portal.bench.server import HEALTH_PATH


@scenario("health")
def health(ctx):
    """The health check: one query, the floor under every other figure."""
    yield Request(HEALTH_PATH)
