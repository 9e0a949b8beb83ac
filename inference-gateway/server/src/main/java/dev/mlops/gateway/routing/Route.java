package dev.mlops.gateway.routing;

import dev.mlops.contract.routing.RoutingPolicy;

/** Where one request goes: the variant and its endpoint, under the policy in force. */
public record Route(Variant variant, RoutingPolicy.Target target, RoutingPolicy policy) {}
