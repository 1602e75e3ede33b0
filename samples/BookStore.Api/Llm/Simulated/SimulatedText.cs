using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BookStore.Api.Llm.Simulated;

/// <summary>Chat message of a simulated request, reduced to its role and text.</summary>
internal sealed record SimulatedMessage(string Role, string Text);

/// <summary>Reply text of the simulated chat model and its finish reason.</summary>
internal sealed record SimulatedReply(string Text, string FinishReason);

/// <summary>
/// Deterministic replies and token counts of the simulated chat model. Content never depends on chance, so tests
/// and dashboards see the same text for the same prompt.
/// </summary>
internal static partial class SimulatedText
{
    /// <summary>Number of words in each chunk of a streamed reply.</summary>
    private const int WordsPerChunk = 4;

    /// <summary>Number of words of the user message that a reply to an unknown prompt quotes.</summary>
    private const int MaxQuotedWords = 30;

    /// <summary>
    /// Estimates the token count of a text as ceil(characters / 4), a common rule of thumb for English text.
    /// Real tokenizers differ.
    /// </summary>
    public static int EstimateTokens(string text) => (text.Length + 3) / 4;

    /// <summary>Joins the texts of all messages, the input that prompt tokens and prompt caching are counted on.</summary>
    public static string JoinPrompt(IReadOnlyList<SimulatedMessage> messages) =>
        string.Join("\n", messages.Select(message => message.Text));

    /// <summary>
    /// Builds the reply to the messages. A user message with <c>Title:</c> and <c>Author:</c> lines, as the
    /// BookStore summary prompt has, gets a summary made from those lines. An "at most N words" instruction in
    /// any message limits the words, and <paramref name="maxOutputTokens"/> cuts the reply with finish reason
    /// <c>length</c>.
    /// </summary>
    public static SimulatedReply ComposeReply(IReadOnlyList<SimulatedMessage> messages, int? maxOutputTokens)
    {
        var lastUserText = messages.LastOrDefault(message => message.Role == "user")?.Text ?? string.Empty;
        var text = TryComposeBookSummary(lastUserText) ?? ComposeGenericReply(lastUserText);

        var maxWords = FindMaxWords(messages);
        if (maxWords is int limit)
        {
            text = LimitWords(text, Math.Max(1, limit));
        }

        if (maxOutputTokens is int maxTokens && EstimateTokens(text) > maxTokens)
        {
            return new SimulatedReply(text[..(maxTokens * 4)], "length");
        }

        return new SimulatedReply(text, "stop");
    }

    /// <summary>Splits a reply into chunks of a few words whose concatenation is the reply.</summary>
    public static IReadOnlyList<string> SplitIntoChunks(string text)
    {
        var chunks = new List<string>();
        var matches = WordWithTrailingSpace().Matches(text);
        for (int start = 0; start < matches.Count; start += WordsPerChunk)
        {
            var chunk = new StringBuilder();
            for (int i = start; i < Math.Min(start + WordsPerChunk, matches.Count); i++)
            {
                chunk.Append(matches[i].Value);
            }

            chunks.Add(chunk.ToString());
        }

        return chunks;
    }

    private static string? TryComposeBookSummary(string userText)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in userText.Split('\n'))
        {
            var separator = line.IndexOf(':', StringComparison.Ordinal);
            if (separator > 0)
            {
                fields[line[..separator].Trim()] = line[(separator + 1)..].Trim();
            }
        }

        if (!fields.TryGetValue("Title", out var title) || !fields.TryGetValue("Author", out var author))
        {
            return null;
        }

        var summary = new StringBuilder();
        summary.Append(CultureInfo.InvariantCulture, $"{title} is a book by {author}");
        if (fields.TryGetValue("Year", out var year) && year.Length > 0)
        {
            summary.Append(CultureInfo.InvariantCulture, $", first published in {year}");
        }

        summary.Append('.');
        if (fields.TryGetValue("Description", out var description) && description.Length > 0)
        {
            summary.Append(' ').Append(description);
        }

        return summary.ToString();
    }

    private static string ComposeGenericReply(string userText)
    {
        var words = userText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var quoted = string.Join(' ', words.Take(MaxQuotedWords));
        return $"This is a simulated reply to: \"{quoted}\".";
    }

    private static int? FindMaxWords(IReadOnlyList<SimulatedMessage> messages)
    {
        foreach (var message in messages)
        {
            var match = MaxWordsInstruction().Match(message.Text);
            if (match.Success && int.TryParse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture, out var maxWords))
            {
                return maxWords;
            }
        }

        return null;
    }

    private static string LimitWords(string text, int maxWords)
    {
        var matches = WordWithTrailingSpace().Matches(text);
        if (matches.Count <= maxWords)
        {
            return text;
        }

        var lastWord = matches[maxWords - 1];
        return text[..(lastWord.Index + lastWord.Value.TrimEnd().Length)].TrimEnd(',', ';', ':') + "...";
    }

    [GeneratedRegex(@"\S+\s*")]
    private static partial Regex WordWithTrailingSpace();

    [GeneratedRegex(@"at most (\d{1,5}) words", RegexOptions.IgnoreCase)]
    private static partial Regex MaxWordsInstruction();
}
