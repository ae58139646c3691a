// Line pictograms (48x48 grid) for services, panels and controls.
import type { Service } from './bindings';

export const SERVICE_ICONS: Readonly<Record<Service, readonly string[]>> = {
  // A ticket with notched sides and a number line.
  queue_ticket: [
    'M6 13h36v7a4 4 0 0 0 0 8v7H6v-7a4 4 0 0 0 0-8z',
    'M17 20h14',
    'M17 28h9',
    'M33 13v4M33 31v4',
  ],
  // A document going up into the court.
  submit_materials: ['M11 21V6h17l9 9v27H25', 'M28 6v9h9', 'M14 44V27', 'M8 33l6-6 6 6'],
  // A tray receiving a document.
  receive_documents: ['M6 30h10l3 5h10l3-5h10v12H6z', 'M24 5v20', 'M16 17l8 8 8-8'],
  // A magnifier over text lines.
  case_enquiry: [
    'M21 6a14 14 0 1 1 0 28a14 14 0 1 1 0-28z',
    'M31 31l11 11',
    'M14 17h14M14 23h9',
  ],
};

// A simple balance, standing for the court without copying any official emblem.
export const EMBLEM = [
  'M24 6v34',
  'M15 41h18',
  'M9 13h30',
  'M24 9v4',
  'M9 13l-6 13M9 13l6 13',
  'M3 26a6 5 0 0 0 12 0z',
  'M39 13l-6 13M39 13l6 13',
  'M33 26a6 5 0 0 0 12 0z',
];

export const GLOBE = [
  'M24 5a19 19 0 1 1 0 38a19 19 0 1 1 0-38z',
  'M5 24h38',
  'M24 5c-7 6-7 32 0 38',
  'M24 5c7 6 7 32 0 38',
];

export const INFO = ['M24 4a20 20 0 1 1 0 40a20 20 0 1 1 0-40z', 'M24 21v13', 'M24 14v.5'];

export const ALERT = ['M24 5L44 41H4z', 'M24 18v11', 'M24 35v.5'];

export const STAFF_ICONS = {
  calling: ['M7 19v10h7l12 9V10l-12 9z', 'M32 18a8 8 0 0 1 0 12', 'M37 13a15 15 0 0 1 0 22'],
  review: ['M11 5h26v38H11z', 'M17 14h14M17 21h14M17 28h6', 'M25 35l4 4 7-9'],
  handover: ['M9 6h20l8 8v12', 'M29 6v8h8', 'M9 6v36h14', 'M28 38h16', 'M38 32l6 6-6 6'],
} as const;

export const CLOCK = ['M24 5a19 19 0 1 1 0 38a19 19 0 1 1 0-38z', 'M24 13v11l7 5'];

export const CHEVRON = ['M18 10l14 14-14 14'];

// A calendar page with a tick: a booked appointment.
export const APPOINTMENT = ['M7 10h34v32H7z', 'M7 19h34', 'M16 5v9M32 5v9', 'M17 31l5 5 9-10'];

// A key-shaped arrow pointing left with a cross: delete the last character.
export const BACKSPACE = ['M17 10h25v28H17L5 24z', 'M23 18l12 12M35 18L23 30'];
