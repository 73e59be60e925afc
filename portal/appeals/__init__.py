"""Objections (异议) and credit repair (信用修复): from the form to the decision."""
