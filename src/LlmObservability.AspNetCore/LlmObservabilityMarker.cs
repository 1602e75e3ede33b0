namespace LlmObservability.AspNetCore;

/// <summary>Registered once, so that a second <c>AddLlmObservability()</c> call adds nothing twice.</summary>
internal sealed class LlmObservabilityMarker;
