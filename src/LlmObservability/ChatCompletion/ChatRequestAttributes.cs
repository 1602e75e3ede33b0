using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Conventions = LlmObservability.Telemetry.SemanticConventions;

namespace LlmObservability;

/// <summary>Writes the semantic conventions' request attributes of a chat call.</summary>
internal static class ChatRequestAttributes
{
    /// <summary>Writes the attributes to a span that this library started, which has none of them yet.</summary>
    public static void Write(Activity activity, ChatOptions options, bool captureContent)
    {
        if (options.ConversationId is string conversationId)
        {
            activity.AddTag(Conventions.GenAI.ConversationId, conversationId);
        }

        SetIfPresent(activity, Conventions.GenAI.Request.Temperature, options.Temperature);
        SetIfPresent(activity, Conventions.GenAI.Request.TopP, options.TopP);
        SetIfPresent(activity, Conventions.GenAI.Request.FrequencyPenalty, options.FrequencyPenalty);
        SetIfPresent(activity, Conventions.GenAI.Request.PresencePenalty, options.PresencePenalty);

        if (options.TopK is int topK)
        {
            activity.AddTag(Conventions.GenAI.Request.TopK, topK);
        }

        if (options.MaxOutputTokens is int maxTokens)
        {
            activity.AddTag(Conventions.GenAI.Request.MaxTokens, maxTokens);
        }

        if (options.Seed is long seed)
        {
            activity.AddTag(Conventions.GenAI.Request.Seed, seed);
        }

        if (options.StopSequences is { Count: > 0 } stopSequences)
        {
            string[] values = new string[stopSequences.Count];
            stopSequences.CopyTo(values, 0);
            activity.AddTag(Conventions.GenAI.Request.StopSequences, values);
        }

        switch (options.ResponseFormat)
        {
            case ChatResponseFormatText:
                activity.AddTag(Conventions.GenAI.OutputType, "text");
                break;
            case ChatResponseFormatJson:
                activity.AddTag(Conventions.GenAI.OutputType, "json");
                break;
        }

        if (options.Tools is { Count: > 0 } tools)
        {
            activity.AddTag(Conventions.GenAI.ToolDefinitions, SerializeToolDefinitions(tools, captureContent));
        }
    }

    private static void SetIfPresent(Activity activity, string name, float? value)
    {
        if (value is float number)
        {
            activity.AddTag(name, (double)number);
        }
    }

    /// <summary>Serializes tool definitions: type and name only, plus description and schema with content capture on.</summary>
    private static string SerializeToolDefinitions(IList<AITool> tools, bool captureContent)
    {
        using MemoryStream stream = new();
        using (Utf8JsonWriter writer = new(stream))
        {
            writer.WriteStartArray();
            foreach (AITool tool in tools)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "function");
                writer.WriteString("name", tool.Name);
                if (captureContent)
                {
                    if (!string.IsNullOrEmpty(tool.Description))
                    {
                        writer.WriteString("description", tool.Description);
                    }

                    if (tool is AIFunctionDeclaration function)
                    {
                        writer.WritePropertyName("parameters");
                        function.JsonSchema.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }
}
