export interface Config {
  /** How the portal's backend plugins reach the platform's services. */
  globalretail?: {
    /**
     * Shared secret the services accept service credentials signed with (SERVICE_AUTH_SECRET).
     * @visibility secret
     */
    serviceAuthSecret?: string;
    services: {
      crmApi: string;
      orderService: string;
      logisticsService: string;
      inventoryService: string;
    };
    /** Per-call timeout in milliseconds (default 5000). */
    timeoutMs?: number;
  };
}
