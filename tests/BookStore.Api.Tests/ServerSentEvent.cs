namespace BookStore.Api.Tests;

/// <summary>One server-sent event: its <c>event</c> type, null for a plain data event, and its data.</summary>
internal sealed record ServerSentEvent(string? Type, string Data)
{
    /// <summary>Parses a complete event stream, in which a blank line ends each event.</summary>
    public static IReadOnlyList<ServerSentEvent> Parse(string body)
    {
        var events = new List<ServerSentEvent>();
        foreach (var block in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? type = null;
            var data = new List<string>();
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Add(line["data: ".Length..]);
                }
            }

            events.Add(new ServerSentEvent(type, string.Join("\n", data)));
        }

        return events;
    }
}
