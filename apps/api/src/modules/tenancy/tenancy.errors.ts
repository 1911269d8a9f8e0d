import { Conflict, NotFound } from '../../platform/errors.js';

export class TenantNotFound extends NotFound {
  constructor() {
    super('tenant_not_found', 'No store has this id.');
  }
}

export class TenantSlugTaken extends Conflict {
  constructor(slug: string) {
    super('tenant_slug_taken', `A store called "${slug}" already exists.`);
  }
}

export class TenantDomainTaken extends Conflict {
  constructor(domains: string[]) {
    super('tenant_domain_taken', `These domains already belong to a store: ${domains.join(', ')}.`, { domains });
  }
}
