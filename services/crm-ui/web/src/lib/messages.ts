/** Error codes from the APIs turned into what a customer reads (shown in an alert region). */
import type { ApiError } from './api-error';
import { skusOf } from './checkout';

export interface UserMessage {
  title: string;
  lines: string[];
}

export type MessageContext = {
  /** What the customer was doing: the same 503 reads differently at checkout. */
  action: 'sign-in' | 'order' | 'load';
  /** Product names for SKUs, to name what is out of stock. */
  productName?: (sku: string) => string | undefined;
};

type ErrorLike = Pick<ApiError, 'status' | 'code' | 'message' | 'details' | 'retryAfterSeconds'>;

const named = (skus: string[], productName: MessageContext['productName']) =>
  skus.map((sku) => {
    const name = productName?.(sku);
    return name ? `${name} (${sku})` : sku;
  });

const list = (items: string[]) =>
  items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/** `body.lines.0.quantity` -> `Line 1 quantity`, for VALIDATION_FAILED details. */
export function fieldLabel(field: string): string {
  const parts = field.split('.').filter((p) => p !== 'body');
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const next = parts[i + 1];
    if (part === 'lines' && next !== undefined && /^\d+$/.test(next)) {
      words.push(`Line ${Number(next) + 1}`);
      i++;
    } else {
      words.push(part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
    }
  }
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function validationLines(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d) => {
    const { field, message } = (d ?? {}) as { field?: unknown; message?: unknown };
    if (typeof message !== 'string') return [];
    return [typeof field === 'string' && field ? `${fieldLabel(field)}: ${message}` : message];
  });
}

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

export function messageFor(error: ErrorLike, context: MessageContext): UserMessage {
  const unavailable: UserMessage = {
    title: 'Service unavailable',
    lines:
      context.action === 'order'
        ? [
            'We could not reach our order service, so we do not know yet whether your order went through.',
            'Your cart is kept. Press "Place order" again: it is safe, you will not be charged twice.',
          ]
        : ['We could not reach the service. Please try again in a moment.'],
  };
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
      return {
        title: 'Sign-in failed',
        lines: ['The email or password is not right. Check them and try again.'],
      };
    case 'TOO_MANY_ATTEMPTS': {
      const wait = error.retryAfterSeconds;
      return {
        title: 'Too many sign-in attempts',
        lines: [
          wait === undefined
            ? 'Please wait a few minutes before trying again.'
            : `Please wait ${minutes(wait)} minute${minutes(wait) === 1 ? '' : 's'} before trying again.`,
        ],
      };
    }
    case 'OUT_OF_STOCK':
      return {
        title: 'Not enough stock',
        lines: [
          `There is not enough stock for ${list(named(skusOf(error.details), context.productName)) || 'some items'}.`,
          'Nothing was ordered and your cart is unchanged. Lower the quantity or remove the item, then try again.',
        ],
      };
    case 'UNKNOWN_SKU':
      return {
        title: 'Some products are no longer sold',
        lines: [
          `${list(named(skusOf(error.details), context.productName)) || 'An item in your cart'} can no longer be ordered.`,
          'Remove it from your cart and try again. Nothing was ordered.',
        ],
      };
    case 'SHIP_TO_REQUIRED':
      return {
        title: 'No shipping address',
        lines: [
          'Your account has no shipping address, so we cannot send the order. Please contact customer service to add one.',
        ],
      };
    case 'IDEMPOTENCY_KEY_REUSED':
      return {
        title: 'Checkout expired',
        lines: [
          'This checkout was already used for a different cart. Press "Place order" again to start a new one.',
        ],
      };
    case 'VALIDATION_FAILED': {
      const lines = validationLines(error.details);
      return {
        title: 'Please check your input',
        lines: lines.length ? lines : [error.message],
      };
    }
    case 'UNAUTHENTICATED':
      return { title: 'Please sign in again', lines: ['Your session has ended.'] };
    case 'FORBIDDEN':
    case 'UNKNOWN_CUSTOMER':
      return {
        title: 'Not allowed',
        lines: ['This account cannot do that. Sign in with a customer account.'],
      };
    case 'ORDER_NOT_FOUND':
      return { title: 'Order not found', lines: ['We could not find that order in your account.'] };
    case 'CUSTOMER_NOT_FOUND':
      return { title: 'Account not found', lines: ['We could not find your account.'] };
    case 'INVALID_TRACKING_NUMBER':
      return { title: 'Invalid tracking number', lines: ['That tracking number is not valid.'] };
  }
  if (error.status === 0 || error.status === 408 || error.status >= 500) return unavailable;
  if (error.status === 401)
    return { title: 'Please sign in again', lines: ['Your session has ended.'] };
  if (error.status === 429) {
    return {
      title: 'Too many requests',
      lines: [
        error.retryAfterSeconds === undefined
          ? 'Please wait a moment and try again.'
          : `Please wait ${error.retryAfterSeconds} seconds and try again.`,
      ],
    };
  }
  if (error.status === 404) return { title: 'Not found', lines: ['We could not find that.'] };
  return { title: 'Something went wrong', lines: [error.message] };
}
