// Each test starts a real web host whose OpenTelemetry SDK listens to the process-wide "LlmObservability" source
// and meter names, so tests run one at a time to keep one host's telemetry out of another's.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
