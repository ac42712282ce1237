"""Fixtures shared with projects (a GNS-like committee with nine parties and real 2020-12-31 population)."""

from projects.tests.conftest import Gns, gns, rep_of  # noqa: F401
