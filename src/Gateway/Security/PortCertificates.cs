using System.Security.Cryptography.X509Certificates;
using FlowGrain.Hosting.Security;

namespace FlowGrain.Gateway.Security;

/// <summary>What one TLS port serves: its certificate and, for mutual TLS, the CAs whose client certificates it accepts.</summary>
internal sealed record PortCertificates(ServingCertificate Certificate, X509Certificate2Collection? ClientAuthorities);
