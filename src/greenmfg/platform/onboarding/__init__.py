"""Onboarding (数据迁移): a province's existing enterprises, official lists, past filings
and city summary tables brought into the platform."""
