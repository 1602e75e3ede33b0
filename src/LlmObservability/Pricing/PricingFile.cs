using System.Text.Json;

namespace LlmObservability.Pricing;

/// <summary>Loads a pricing file in this library's format or in LiteLLM's, detected from its content.</summary>
internal static class PricingFile
{
    /// <summary>Loads <paramref name="path"/>; errors name the file and the line of the offending entry.</summary>
    /// <exception cref="FormatException">The file is not valid JSON or an entry is invalid.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static (List<ModelPricing> Models, Dictionary<string, string> Aliases) Load(string path)
    {
        string text = File.ReadAllText(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            throw new FormatException(
                $"The pricing file '{path}' is not valid JSON at line {exception.LineNumber + 1}, byte " +
                $"{exception.BytePositionInLine + 1} of that line. Fix the JSON syntax there.", exception);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException(
                    $"The pricing file '{path}' holds a JSON {document.RootElement.ValueKind}, not an object. Use this " +
                    "library's catalogue format (an object with a 'models' object) or LiteLLM's (an object of models).");
            }

            int LineOf(string model) => LineOfKey(text, model);
            return LiteLlmPricingJson.IsLiteLlmFormat(document.RootElement)
                ? LiteLlmPricingJson.Parse(document.RootElement, $"the pricing file '{path}'", LineOf)
                : PricingCatalogJson.Parse(document.RootElement, $"the pricing file '{path}'", LineOf);
        }
    }

    /// <summary>Finds the 1-based line of the first occurrence of <paramref name="key"/> as a JSON property name.</summary>
    private static int LineOfKey(string text, string key)
    {
        int index = text.IndexOf(JsonSerializer.Serialize(key) + ":", StringComparison.Ordinal);
        if (index < 0)
        {
            index = text.IndexOf(JsonSerializer.Serialize(key), StringComparison.Ordinal);
        }

        if (index < 0)
        {
            return 0;
        }

        int line = 1;
        for (int i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }
}
