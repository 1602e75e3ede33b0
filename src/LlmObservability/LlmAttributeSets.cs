namespace LlmObservability;

/// <summary>Groups of span attributes that <see cref="LlmObservabilityOptions.AttributeSets"/> turns on.</summary>
[Flags]
public enum LlmAttributeSets
{
    /// <summary>The OpenTelemetry GenAI semantic conventions (<c>gen_ai.*</c>) and cost attributes; always written.</summary>
    SemanticConventions = 1,

    /// <summary>TraceLoop/OpenLLMetry attributes: <c>llm.request.type</c>, <c>llm.usage.total_tokens</c>, <c>traceloop.*</c>.</summary>
    TraceLoop = 2,

    /// <summary>OpenLLMetry names from before its 2024 rename and older in-house names such as <c>llm.latency</c>.</summary>
    LegacyLlm = 4,
}
