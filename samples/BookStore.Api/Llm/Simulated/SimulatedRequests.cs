using System.Text.Json;

namespace BookStore.Api.Llm.Simulated;

/// <summary>Body of <c>POST /v1/chat/completions</c>, reduced to the fields that the simulated server uses.</summary>
internal sealed record SimulatedChatRequest(
    string Model,
    IReadOnlyList<SimulatedMessage> Messages,
    bool Stream,
    bool IncludeUsage,
    int? MaxOutputTokens);

/// <summary>Body of <c>POST /v1/embeddings</c>, reduced to the fields that the simulated server uses.</summary>
internal sealed record SimulatedEmbeddingRequest(
    string Model,
    IReadOnlyList<string> Inputs,
    int Dimensions,
    bool Base64Encoding);

/// <summary>Invalid request body, returned to the client as 400 <c>invalid_request_error</c>.</summary>
internal sealed class SimulatedRequestException(string message, string? param) : Exception(message)
{
    /// <summary>Request field that is invalid, reported in the error's <c>param</c>.</summary>
    public string? Param { get; } = param;
}

/// <summary>Parsers of the OpenAI request bodies that the simulated server accepts.</summary>
internal static class SimulatedRequests
{
    /// <summary>Parses a chat completions request, or throws <see cref="SimulatedRequestException"/> when it is invalid.</summary>
    public static SimulatedChatRequest ParseChat(byte[] body)
    {
        using var document = ParseDocument(body);
        var root = document.RootElement;

        var model = ReadRequiredString(root, "model");
        if (!root.TryGetProperty("messages", out var messagesElement)
            || messagesElement.ValueKind != JsonValueKind.Array
            || messagesElement.GetArrayLength() == 0)
        {
            throw new SimulatedRequestException("'messages' must be a non-empty array.", "messages");
        }

        var messages = new List<SimulatedMessage>();
        foreach (var message in messagesElement.EnumerateArray())
        {
            var role = message.TryGetProperty("role", out var roleElement) && roleElement.ValueKind == JsonValueKind.String
                ? roleElement.GetString()!
                : throw new SimulatedRequestException("Each message must have a string 'role'.", "messages");
            messages.Add(new SimulatedMessage(role, ReadMessageText(message)));
        }

        bool stream = root.TryGetProperty("stream", out var streamElement) && streamElement.ValueKind == JsonValueKind.True;
        bool includeUsage = root.TryGetProperty("stream_options", out var streamOptions)
            && streamOptions.ValueKind == JsonValueKind.Object
            && streamOptions.TryGetProperty("include_usage", out var includeUsageElement)
            && includeUsageElement.ValueKind == JsonValueKind.True;

        // OpenAI accepts max_completion_tokens and, deprecated, max_tokens.
        var maxOutputTokens = ReadOptionalPositiveInt(root, "max_completion_tokens") ?? ReadOptionalPositiveInt(root, "max_tokens");

        return new SimulatedChatRequest(model, messages, stream, includeUsage, maxOutputTokens);
    }

    /// <summary>Parses an embeddings request, or throws <see cref="SimulatedRequestException"/> when it is invalid.</summary>
    public static SimulatedEmbeddingRequest ParseEmbedding(byte[] body)
    {
        using var document = ParseDocument(body);
        var root = document.RootElement;

        var model = ReadRequiredString(root, "model");
        var inputs = new List<string>();
        _ = root.TryGetProperty("input", out var input);
        if (input.ValueKind == JsonValueKind.String)
        {
            inputs.Add(input.GetString()!);
        }
        else if (input.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in input.EnumerateArray())
            {
                inputs.Add(item.ValueKind == JsonValueKind.String
                    ? item.GetString()!
                    : throw new SimulatedRequestException("The simulated server accepts only strings in 'input'.", "input"));
            }
        }

        if (inputs.Count == 0)
        {
            throw new SimulatedRequestException("'input' must be a string or a non-empty array of strings.", "input");
        }

        var dimensions = ReadOptionalPositiveInt(root, "dimensions") ?? SimulatedEmbeddings.DefaultDimensions;
        if (dimensions > SimulatedEmbeddings.MaxDimensions)
        {
            throw new SimulatedRequestException(
                $"'dimensions' is {dimensions}, but the maximum is {SimulatedEmbeddings.MaxDimensions}.", "dimensions");
        }

        var encodingFormat = root.TryGetProperty("encoding_format", out var format) && format.ValueKind == JsonValueKind.String
            ? format.GetString()
            : "float";
        if (encodingFormat is not ("float" or "base64"))
        {
            throw new SimulatedRequestException(
                $"'encoding_format' is '{encodingFormat}'. Use 'float' or 'base64'.", "encoding_format");
        }

        return new SimulatedEmbeddingRequest(model, inputs, dimensions, encodingFormat == "base64");
    }

    private static JsonDocument ParseDocument(byte[] body)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new SimulatedRequestException("The request body must be a JSON object.", null);
            }

            return document;
        }
        catch (JsonException exception)
        {
            throw new SimulatedRequestException($"The request body is not valid JSON: {exception.Message}", null);
        }
    }

    private static string ReadRequiredString(JsonElement root, string name)
    {
        if (root.TryGetProperty(name, out var element)
            && element.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(element.GetString()))
        {
            return element.GetString()!;
        }

        throw new SimulatedRequestException($"'{name}' is missing or empty.", name);
    }

    private static int? ReadOptionalPositiveInt(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value) && value > 0)
        {
            return value;
        }

        throw new SimulatedRequestException($"'{name}' must be a positive integer.", name);
    }

    /// <summary>Reads a message's content, which is a string or an array of parts of which text parts count.</summary>
    private static string ReadMessageText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return string.Empty;
        }

        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString()!;
            case JsonValueKind.Array:
                var texts = content.EnumerateArray()
                    .Where(part => part.TryGetProperty("type", out var type) && type.ValueEquals("text"))
                    .Select(part => part.TryGetProperty("text", out var text) ? text.GetString() : null)
                    .OfType<string>();
                return string.Join("\n", texts);
            default:
                return string.Empty;
        }
    }
}
