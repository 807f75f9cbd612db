import pytest

from bot.links import url_problem


@pytest.mark.parametrize(("url", "problem"), [
    ("http://www.heart.org/page", "not an https URL"),
    ("https://47.251.13.51/30348533", "bare IP address"),
    ("https://[2001:db8::1]/page", "bare IP address"),
    ("https://www.cancer.net:8443/page", "explicit port"),
    ("https://dev.northstarlodge.org/x.asp", "development, staging, CMS or CDN host"),
    ("https://staging19surgery.ucsf.edu/condition", "development, staging, CMS or CDN host"),
    ("https://d1acqfzvcc9iwe.cloudfront.net/about-cancer", "development, staging, CMS or CDN host"),
    ("https://u1-cd-heart.sc.heart.org/en/health-topics", "development, staging, CMS or CDN host"),
    ("https://www.nhs.uk/conditions/anaphylaxis/", None),
    ("https://www.devon.gov.uk/", None),
])
def test_url_problem(url: str, problem: str | None) -> None:
    assert url_problem(url) == problem
