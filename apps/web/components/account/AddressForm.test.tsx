import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Problem } from '@bazaar/sdk';
import { renderWithStore } from '../../test/render';
import { AddressForm } from './AddressForm';
import { createBody, emptyAddress, updateBody, validateAddress } from './addressForm';

const filled = {
  ...emptyAddress('US'),
  name: 'Ada Lovelace',
  line1: '12 Analytical Street',
  city: 'Springfield',
  postalCode: '12345',
};

describe('validateAddress', () => {
  it('requires name, street, city, postal code and country', () => {
    expect(validateAddress(emptyAddress())).toEqual({
      name: 'required',
      line1: 'required',
      city: 'required',
      postalCode: 'required',
      country: 'required',
    });
    expect(validateAddress(filled)).toEqual({});
  });

  it('checks the country code, phone and lengths', () => {
    expect(validateAddress({ ...filled, country: 'USA' }).country).toBe('country');
    expect(validateAddress({ ...filled, country: 'de' })).toEqual({});
    expect(validateAddress({ ...filled, phone: 'call me' }).phone).toBe('phone');
    expect(validateAddress({ ...filled, phone: '+1 (555) 010-9999' })).toEqual({});
    expect(validateAddress({ ...filled, postalCode: '1'.repeat(21) }).postalCode).toBe('tooLong');
  });

  it('builds request bodies: empty optional fields left out on create, cleared on update', () => {
    const v = { ...filled, country: 'de', line2: '  ', label: 'Home' };
    expect(createBody(v)).toEqual({
      label: 'Home',
      name: 'Ada Lovelace',
      line1: '12 Analytical Street',
      city: 'Springfield',
      postalCode: '12345',
      country: 'DE',
      isDefaultShipping: false,
      isDefaultBilling: false,
    });
    expect(updateBody(v)).toMatchObject({ line2: null, region: null, phone: null, country: 'DE', label: 'Home' });
  });
});

describe('AddressForm', () => {
  it('shows per-field errors, linked to the inputs, and does not save', async () => {
    const onSave = vi.fn(async (): Promise<Problem | null> => null);
    renderWithStore(<AddressForm idPrefix="a" initial={emptyAddress()} submitLabel="Save address" onSave={onSave} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Save address' }));
    expect(onSave).not.toHaveBeenCalled();
    const name = screen.getByLabelText('Full name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(name.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Please fill in this field.',
    );
    expect(screen.getByLabelText('Country').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Phone (optional)').getAttribute('aria-invalid')).toBeNull();
    expect(document.activeElement).toBe(name);
  });

  it('saves valid values and shows the API field errors', async () => {
    const onSave = vi.fn(async (): Promise<Problem | null> => ({
      type: '/problems/validation_failed',
      title: 'Validation failed',
      status: 400,
      detail: 'The request is not valid.',
      instance: '/api/v1/me/addresses',
      code: 'validation_failed',
      requestId: 'r1',
      errors: [{ path: 'body.postalCode', message: 'must NOT have more than 20 characters' }],
    }));
    renderWithStore(<AddressForm idPrefix="a" initial={filled} submitLabel="Save address" onSave={onSave} />, {
      locale: 'de',
    });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Save address' }));
    await waitFor(() => expect(screen.getByLabelText('Postleitzahl').getAttribute('aria-invalid')).toBe('true'));
    expect(onSave).toHaveBeenCalledWith(filled);
    expect(screen.getByText('Bitte prüfen Sie diese Angabe.')).toBeTruthy();
  });
});
