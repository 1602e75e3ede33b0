using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Conventions = LlmObservability.Telemetry.SemanticConventions;

namespace LlmObservability.Telemetry;

/// <summary>
/// Writes prompts and completions to a span when content capture is on: the semantic conventions' JSON messages, the
/// TraceLoop indexed attributes and, when asked, the older OpenLLMetry ones. Every text goes through the redaction
/// callback and is then truncated to the configured length without splitting a surrogate pair.
/// </summary>
internal sealed class ContentCapture(LlmTelemetry telemetry)
{
    public const string RedactionFailedText = "[redaction failed]";

    private readonly int _maxLength = telemetry.Options.MaxContentLength;
    private readonly Func<string, string>? _redact = telemetry.Options.RedactContent;

    public void WriteInput(Activity activity, IEnumerable<ChatMessage> messages, ChatOptions? options, bool writeStandard)
    {
        List<ChatMessage> list = [.. messages];
        string inputJson = SerializeMessages(list, finishReason: null);
        if (writeStandard)
        {
            if (!string.IsNullOrWhiteSpace(options?.Instructions))
            {
                activity.SetTag(Conventions.GenAI.SystemInstructions, SerializeInstructions(options.Instructions));
            }

            activity.SetTag(Conventions.GenAI.InputMessages, inputJson);
            WriteAdditionalProperties(activity, options?.AdditionalProperties);
        }

        if ((telemetry.AttributeSets & LlmAttributeSets.TraceLoop) != 0)
        {
            WriteIndexed(activity, Conventions.TraceLoop.PromptPrefix, list, finishReason: null);
            activity.SetTag(Conventions.TraceLoop.EntityInput, inputJson);
        }

        if ((telemetry.AttributeSets & LlmAttributeSets.LegacyLlm) != 0)
        {
            WriteIndexed(activity, Conventions.LegacyLlm.PromptPrefix, list, finishReason: null);
        }
    }

    public void WriteOutput(Activity activity, IList<ChatMessage> messages, string? finishReason, bool writeStandard)
    {
        string outputJson = SerializeMessages(messages, finishReason);
        if (writeStandard)
        {
            activity.SetTag(Conventions.GenAI.OutputMessages, outputJson);
        }

        if ((telemetry.AttributeSets & LlmAttributeSets.TraceLoop) != 0)
        {
            WriteIndexed(activity, Conventions.TraceLoop.CompletionPrefix, messages, finishReason);
            activity.SetTag(Conventions.TraceLoop.EntityOutput, outputJson);
        }

        if ((telemetry.AttributeSets & LlmAttributeSets.LegacyLlm) != 0)
        {
            WriteIndexed(activity, Conventions.LegacyLlm.CompletionPrefix, messages, finishReason);
        }
    }

    /// <summary>Applies the redaction callback, then truncates to the configured length.</summary>
    public string Sanitize(string text)
    {
        if (_redact is not null)
        {
            try
            {
                text = _redact(text) ?? string.Empty;
            }
            catch (Exception exception)
            {
                telemetry.ReportFailure(Conventions.ErrorSources.Redaction, exception);
                return RedactionFailedText;
            }
        }

        return Truncate(text, _maxLength);
    }

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxLength"/> characters, never between a surrogate pair.</summary>
    public static string Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        int length = maxLength;
        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return text[..length];
    }

    private static string Role(ChatRole role) =>
        role == ChatRole.Assistant ? "assistant" :
        role == ChatRole.Tool ? "tool" :
        role == ChatRole.System || role.Value == "developer" ? "system" :
        "user";

    private static string FinishReasonName(string reason) => reason switch
    {
        "tool_calls" => "tool_call",
        _ => reason,
    };

    private string SerializeInstructions(string instructions)
    {
        using MemoryStream stream = new();
        using (Utf8JsonWriter writer = new(stream))
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("type", "text");
            writer.WriteString("content", Sanitize(instructions));
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private string SerializeMessages(IList<ChatMessage> messages, string? finishReason)
    {
        using MemoryStream stream = new();
        using (Utf8JsonWriter writer = new(stream))
        {
            writer.WriteStartArray();
            foreach (ChatMessage message in messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role", Role(message.Role));
                if (message.AuthorName is not null)
                {
                    writer.WriteString("name", message.AuthorName);
                }

                writer.WritePropertyName("parts");
                writer.WriteStartArray();
                foreach (AIContent content in message.Contents)
                {
                    WritePart(writer, content);
                }

                writer.WriteEndArray();
                if (finishReason is not null)
                {
                    writer.WriteString("finish_reason", FinishReasonName(finishReason));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private void WritePart(Utf8JsonWriter writer, AIContent content)
    {
        switch (content)
        {
            case TextContent text when !string.IsNullOrWhiteSpace(text.Text):
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WriteString("content", Sanitize(text.Text));
                writer.WriteEndObject();
                break;

            case TextReasoningContent reasoning when !string.IsNullOrWhiteSpace(reasoning.Text):
                writer.WriteStartObject();
                writer.WriteString("type", "reasoning");
                writer.WriteString("content", Sanitize(reasoning.Text));
                writer.WriteEndObject();
                break;

            case FunctionCallContent call:
                writer.WriteStartObject();
                writer.WriteString("type", "tool_call");
                writer.WriteString("id", call.CallId);
                writer.WriteString("name", call.Name);
                writer.WritePropertyName("arguments");
                WriteJsonValue(writer, call.Arguments is null ? "null" : SerializeValue(call.Arguments));
                writer.WriteEndObject();
                break;

            case FunctionResultContent result:
                writer.WriteStartObject();
                writer.WriteString("type", "tool_call_response");
                writer.WriteString("id", result.CallId);
                writer.WritePropertyName("response");
                WriteJsonValue(writer, SerializeValue(result.Result));
                writer.WriteEndObject();
                break;

            case DataContent data:
                writer.WriteStartObject();
                writer.WriteString("type", "blob");
                writer.WriteString("mime_type", data.MediaType);
                writer.WriteEndObject();
                break;

            case UriContent uri:
                writer.WriteStartObject();
                writer.WriteString("type", "uri");
                writer.WriteString("mime_type", uri.MediaType);
                writer.WriteString("uri", Sanitize(uri.Uri.ToString()));
                writer.WriteEndObject();
                break;
        }
    }

    private static string SerializeValue(object? value)
    {
        if (value is null)
        {
            return "null";
        }

        try
        {
            return JsonSerializer.Serialize(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
        }
        catch (Exception exception) when (exception is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return JsonSerializer.Serialize(value.ToString());
        }
    }

    /// <summary>
    /// Writes sanitized JSON as a value: as JSON when it is still valid after redaction and truncation, else as a string,
    /// so that the message attribute always stays valid JSON.
    /// </summary>
    private void WriteJsonValue(Utf8JsonWriter writer, string json)
    {
        string sanitized = Sanitize(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(sanitized);
            document.RootElement.WriteTo(writer);
        }
        catch (JsonException)
        {
            writer.WriteStringValue(sanitized);
        }
    }

    private void WriteIndexed(Activity activity, string prefix, IList<ChatMessage> messages, string? finishReason)
    {
        for (int i = 0; i < messages.Count; i++)
        {
            ChatMessage message = messages[i];
            string index = prefix + i.ToString(CultureInfo.InvariantCulture);
            activity.SetTag(index + ".role", Role(message.Role));

            string text = message.Text;
            if (!string.IsNullOrEmpty(text))
            {
                activity.SetTag(index + ".content", Sanitize(text));
            }

            if (finishReason is not null)
            {
                activity.SetTag(index + ".finish_reason", finishReason);
            }

            int call = 0;
            foreach (AIContent content in message.Contents)
            {
                if (content is FunctionCallContent functionCall)
                {
                    string callPrefix = index + ".tool_calls." + call.ToString(CultureInfo.InvariantCulture);
                    activity.SetTag(callPrefix + ".name", functionCall.Name);
                    activity.SetTag(callPrefix + ".arguments", Sanitize(SerializeValue(functionCall.Arguments)));
                    call++;
                }
            }
        }
    }

    /// <summary>Writes request properties other than business tags, which may hold anything, as captured content.</summary>
    private void WriteAdditionalProperties(Activity activity, AdditionalPropertiesDictionary? properties)
    {
        if (properties is null)
        {
            return;
        }

        foreach (KeyValuePair<string, object?> property in properties)
        {
            if (!property.Key.StartsWith(Conventions.Llm.TagPrefix, StringComparison.Ordinal) && property.Value is not null)
            {
                activity.SetTag(property.Key, Sanitize(Convert.ToString(property.Value, CultureInfo.InvariantCulture) ?? string.Empty));
            }
        }
    }
}
