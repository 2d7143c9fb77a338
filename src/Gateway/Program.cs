using FlowGrain.Gateway;
using FlowGrain.Hosting;

return HostRunner.Run(() => GatewayApp.Build(args));
