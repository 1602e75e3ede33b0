namespace LlmObservability;

/// <summary>Settings of LLM observability, bound from the <c>LlmObservability</c> configuration section.</summary>
public class LlmObservabilityOptions
{
}
