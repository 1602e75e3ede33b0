using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmObservability.AspNetCore;

/// <summary>Replaces each chat client and embedding generator registration with one that wraps it.</summary>
internal static class ClientInstrumentation
{
    public static void WrapRegisteredClients(IServiceCollection services)
    {
        int chatClients = 0;
        int embeddingGenerators = 0;
        for (int i = 0; i < services.Count; i++)
        {
            ServiceDescriptor descriptor = services[i];
            if (descriptor.ServiceType == typeof(IChatClient))
            {
                services[i] = Wrap(descriptor, ChatClientWrapper.Instance);
                chatClients++;
            }
            else if (EmbeddingGeneratorWrapper.TryCreate(descriptor.ServiceType) is { } wrapper)
            {
                services[i] = Wrap(descriptor, wrapper);
                embeddingGenerators++;
            }
        }

        services.AddSingleton(new ClientInstrumentationReport(chatClients, embeddingGenerators, Performed: true));
    }

    private static ServiceDescriptor Wrap(ServiceDescriptor descriptor, IClientWrapper wrapper)
    {
        if (descriptor.IsKeyedService)
        {
            return new ServiceDescriptor(
                descriptor.ServiceType,
                descriptor.ServiceKey,
                (provider, key) => wrapper.Wrap(CreateKeyed(descriptor, provider, key), provider, ownsInner(descriptor)),
                descriptor.Lifetime);
        }

        return new ServiceDescriptor(
            descriptor.ServiceType,
            provider => wrapper.Wrap(Create(descriptor, provider), provider, ownsInner(descriptor)),
            descriptor.Lifetime);

        // The container disposes what a factory or type registration creates, but never a registered instance.
        // The wrapper disposes its inner client only where the container would have disposed it.
        static bool ownsInner(ServiceDescriptor d) =>
            d.IsKeyedService ? d.KeyedImplementationInstance is null : d.ImplementationInstance is null;
    }

    private static object Create(ServiceDescriptor descriptor, IServiceProvider provider) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!);

    private static object CreateKeyed(ServiceDescriptor descriptor, IServiceProvider provider, object? key) =>
        descriptor.KeyedImplementationInstance
        ?? descriptor.KeyedImplementationFactory?.Invoke(provider, key)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.KeyedImplementationType!);
}
