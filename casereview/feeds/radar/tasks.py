"""The task worker recounts a partnership's radar after its rules change (a policy version, an
agency's relevant-body flag), so the list's next reader does not wait for it."""

from django_tasks import task

from casereview.feeds.radar.projection import refresh_radar


@task()
def refresh_radar_task(partnership_id: int) -> int:
    return refresh_radar(partnership_id, [])
