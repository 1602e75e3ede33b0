// Spans come from the fixed "LlmObservability" activity source, so a tracer provider of one test would also export
// the spans of a test running beside it; tests therefore run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
