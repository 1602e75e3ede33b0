namespace LlmObservability.Telemetry;

/// <summary>
/// Marks the ambient unit of work (an HTTP request, in the hosting package) as one that made an LLM call, so that
/// its HTTP metrics can carry <c>llm.request</c> = <c>true</c>.
/// </summary>
internal static class LlmCallTracker
{
    private static readonly AsyncLocal<Marker?> s_current = new();

    /// <summary>Starts tracking the current asynchronous flow and returns its marker.</summary>
    public static Marker Begin()
    {
        Marker marker = new();
        s_current.Value = marker;
        return marker;
    }

    /// <summary>Records that the current flow made an LLM call; does nothing outside a tracked flow.</summary>
    public static void MarkCall()
    {
        if (s_current.Value is Marker marker)
        {
            marker.MadeLlmCall = true;
        }
    }

    internal sealed class Marker
    {
        public volatile bool MadeLlmCall;
    }
}
