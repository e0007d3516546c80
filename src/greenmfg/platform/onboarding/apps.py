from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "greenmfg.platform.onboarding"
    label = "onboarding"
