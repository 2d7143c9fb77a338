using FlowGrain.Gateway;

GatewayApp.Build(args).Run();
