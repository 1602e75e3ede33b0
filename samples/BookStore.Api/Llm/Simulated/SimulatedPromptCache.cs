using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace BookStore.Api.Llm.Simulated;

/// <summary>
/// Prompts that the simulated server has seen, so that a repeated prompt reports cached input tokens the way
/// OpenAI's prompt caching does.
/// </summary>
internal sealed class SimulatedPromptCache
{
    /// <summary>Granularity of cached tokens: a repeated prompt reports its token count rounded down to it.</summary>
    public const int CachedTokenBlock = 64;

    /// <summary>Number of prompts kept. The cache is cleared when it is full, so memory stays bounded.</summary>
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, bool> _seenPrompts = new(StringComparer.Ordinal);

    /// <summary>
    /// Records the prompt of a model and returns its cached token count: 0 the first time, and on a repeat the
    /// prompt tokens rounded down to a multiple of <see cref="CachedTokenBlock"/>.
    /// </summary>
    public int RecordPrompt(string model, string prompt, int promptTokens)
    {
        if (_seenPrompts.Count >= MaxEntries)
        {
            _seenPrompts.Clear();
        }

        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(model + "\n" + prompt)));
        bool seenBefore = !_seenPrompts.TryAdd(key, true);

        return seenBefore ? promptTokens / CachedTokenBlock * CachedTokenBlock : 0;
    }
}
