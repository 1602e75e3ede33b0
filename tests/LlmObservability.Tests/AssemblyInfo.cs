// Spans come from the fixed "LlmObservability" activity source, so a tracer provider of one test would also export
// the spans of a test running beside it. Tests therefore run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
