namespace LlmObservability;

/// <summary>
/// Business tags (tenant, feature, ...) for the LLM calls made inside a scope, for code that cannot reach the
/// <c>ChatOptions</c> of those calls.
/// </summary>
/// <remarks>
/// Tags go on the call's span as <c>llm.tag.{name}</c> and <c>traceloop.association.properties.{name}</c>, and on its
/// metrics as <c>llm.tag.{name}</c> when the name is listed in <see cref="LlmObservabilityOptions.MetricTags"/>. A tag
/// set per call through <c>ChatOptions.AdditionalProperties["llm.tag.{name}"]</c> wins over a scope tag of the same
/// name; an inner scope wins over an outer one.
/// </remarks>
public static class LlmTags
{
    private static readonly AsyncLocal<TagNode?> s_current = new();

    /// <summary>Starts a scope in which every LLM call carries the tag <paramref name="name"/> = <paramref name="value"/>.</summary>
    /// <param name="name">The tag name, without the <c>llm.tag.</c> prefix, such as <c>tenant</c>.</param>
    /// <param name="value">The tag value.</param>
    /// <returns>A handle that ends the scope when disposed.</returns>
    public static IDisposable BeginScope(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);

        TagNode? previous = s_current.Value;
        s_current.Value = new TagNode(name, value, previous);
        return new Scope(previous);
    }

    /// <summary>Gets the innermost tags first; empty outside any scope.</summary>
    internal static TagNode? Current => s_current.Value;

    internal sealed record TagNode(string Name, string Value, TagNode? Parent);

    private sealed class Scope(TagNode? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                s_current.Value = previous;
            }
        }
    }
}
