using System.Text;
using System.Text.RegularExpressions;

namespace BookStore.Api.Llm.Simulated;

/// <summary>
/// Deterministic embeddings of the simulated server. Each word of the text is hashed into one dimension with a
/// sign (feature hashing) and the vector is normalised to length 1, so texts that share words have a higher cosine
/// similarity. This gives the search endpoint meaningful rankings without a model.
/// </summary>
internal static partial class SimulatedEmbeddings
{
    /// <summary>
    /// Dimensions when the request sets none, as for text-embedding-3-small. With fewer dimensions, unrelated words
    /// share a dimension more often and distort the ranking of short texts.
    /// </summary>
    public const int DefaultDimensions = 1536;

    /// <summary>Maximum dimensions a request may ask for, the size of OpenAI's text-embedding-3-large.</summary>
    public const int MaxDimensions = 3072;

    /// <summary>Words too common to tell book descriptions apart.</summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "he", "her", "his", "in", "into",
        "is", "it", "its", "of", "on", "or", "she", "that", "the", "their", "them", "then", "they", "this", "to",
        "was", "who", "whose", "with",
    };

    /// <summary>Computes the unit-length embedding of a text.</summary>
    public static float[] Embed(string text, int dimensions)
    {
        var vector = new float[dimensions];
        foreach (Match match in Word().Matches(text.ToLowerInvariant()))
        {
            var word = Normalize(match.Value);
            if (StopWords.Contains(word))
            {
                continue;
            }

            uint hash = HashFnv1a(word);
            int index = (int)(hash % (uint)dimensions);
            vector[index] += (hash & 0x8000_0000) == 0 ? 1f : -1f;
        }

        double length = Math.Sqrt(vector.Sum(value => (double)value * value));
        if (length == 0)
        {
            // A text without content words still gets a valid unit vector, picked by the hash of the whole text.
            vector[(int)(HashFnv1a(text) % (uint)dimensions)] = 1f;
            return vector;
        }

        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(vector[i] / length);
        }

        return vector;
    }

    /// <summary>Reduces a plural to its singular in the simplest case, so "whales" matches "whale".</summary>
    private static string Normalize(string word) =>
        word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1] : word;

    /// <summary>32-bit FNV-1a hash of the UTF-8 bytes, stable across processes unlike string.GetHashCode.</summary>
    private static uint HashFnv1a(string text)
    {
        uint hash = 2166136261;
        foreach (byte value in Encoding.UTF8.GetBytes(text))
        {
            hash ^= value;
            hash *= 16777619;
        }

        return hash;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
