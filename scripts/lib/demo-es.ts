// The demo call in Spanish: a caller books a heating repair at a Spanish-speaking HVAC business.
export const spanishDemo = {
  name: 'demo: reparación de calefacción en Polar Air',
  org: { template: 'hvac', name: 'Polar Air', timezone: 'America/Chicago', settings: { languages: ['es'] } },
  now: '2026-11-23T10:00:00-06:00',
  callerPhone: '+15125550123',
  calendar: { busy: [{ start: '2026-11-26T10:00:00-06:00', end: '2026-11-26T12:00:00-06:00' }] },
  turns: [
    'Hola, la calefacción hace mucho ruido, ¿pueden venir a revisarla?',
    'Me llamo María González',
    'el jueves a la una de la tarde',
    'sí',
    'no, eso es todo, gracias',
  ],
  expect: {
    outcome: 'booked',
    booking: { customerName: 'María González', service: 'Heating Repair', start: '2026-11-26T13:00:00-06:00' },
  },
};
