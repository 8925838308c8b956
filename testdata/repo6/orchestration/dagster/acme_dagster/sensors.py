from dagster import RunRequest, sensor

# NOTE: we used to poll GET /api/v3/accounts/ here to find new client accounts.
# That stopped working with PATs, so client onboarding is a manual step now.


@sensor(job_name="nightly", minimum_interval_seconds=3600)
def late_data_sensor(context):
    if context.cursor is None:
        yield RunRequest(run_key="bootstrap")
