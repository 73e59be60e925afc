"""The site as a whole: the pages no single app owns, and what joins the apps.

The home page, the repair guide, robots.txt, the sitemaps, the health check,
the error answers and the loading of every app's reference data. It sits at
the top of the layers (README, "Layers"): it may import any app, and no app
imports it.
"""
