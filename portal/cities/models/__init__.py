"""Demonstration batches and designations, and the statistics computed from records."""

from portal.cities.models.designations import DemonstrationBatch, Designation
from portal.cities.models.inspections import PlanPopulation
from portal.cities.models.statistics import Average, Summary, SummaryState

__all__ = [
    "Average",
    "DemonstrationBatch",
    "Designation",
    "PlanPopulation",
    "Summary",
    "SummaryState",
]
